/**
 * Functions that read something other than the rows of the query's own tables: other tables or
 * dictionaries by name (where no tenant filter applies), files, server settings and identity, or
 * that stall a worker. Matched lower-cased, since some ClickHouse function names are
 * case-insensitive. Table functions are refused wherever a table can stand, separately.
 */
const DENIED_NAMES = new Set(
  [
    // Other data by name, outside additional_table_filters.
    'file',
    'url',
    'input',
    'hasColumnInTable',
    'getMaxTableNameLengthForDatabase',
    // Server configuration and environment.
    'getSetting',
    'getSettingOrDefault',
    'getServerSetting',
    'getMergeTreeSetting',
    'getMacro',
    'getClientHTTPHeader',
    'getOSKernelVersion',
    'getServerPort',
    'tcpPort',
    'hostName',
    'fqdn',
    'fullHostName',
    'serverUUID',
    'displayName',
    'globalVariable',
    'showCertificate',
    'zookeeperSessionUptime',
    'shardNum',
    'shardCount',
    // Identity of the engine's own user, which is not the analyst.
    'currentUser',
    'current_user',
    'session_user',
    'user',
    'authUser',
    'authenticatedUser',
    'currentProfiles',
    'enabledProfiles',
    'defaultProfiles',
    'currentRoles',
    'enabledRoles',
    'defaultRoles',
    // Side effects, model files, introspection of the engine binary.
    'logTrace',
    'generateSerialID',
    'catboostEvaluate',
    'addressToLine',
    'addressToLineWithInlines',
    'addressToSymbol',
    'demangle',
    'trap',
    // Hold a worker for as long as the analyst likes.
    'sleep',
    'sleepEachRow',
    // Quadratic inside one call, where no time limit or KILL QUERY reaches (measured with a 1 s limit:
    // editDistance of two 60,000-character strings ran 7 s), so one row could hold a connection for hours.
    'editDistance',
    'editDistanceUTF8',
    'levenshteinDistance',
    'levenshteinDistanceUTF8',
    'damerauLevenshteinDistance',
    'damerauLevenshteinDistanceUTF8',
    'jaroSimilarity',
    'jaroSimilarityUTF8',
    'jaroWinklerSimilarity',
    'jaroWinklerSimilarityUTF8',
    'arrayLevenshteinDistance',
    'arrayLevenshteinDistanceWeighted',
    'arraySimilarity',
  ].map((n) => n.toLowerCase()),
);

// dictGet*, dictHas, dictIsIn..., joinGet*, filesystemAvailable..., and internal `__` helpers.
const DENIED_PREFIXES = ['dict', 'joinget', 'filesystem', '__'];

export function isDeniedFunction(name: string): boolean {
  const n = name.toLowerCase();
  return DENIED_NAMES.has(n) || DENIED_PREFIXES.some((p) => n.startsWith(p));
}

/** `x IN t` reads table t as a set, bypassing the checks on FROM; these are the IN spellings. */
export function isInFunction(name: string): boolean {
  return /^(global)?(not)?(null)?in$/.test(name.toLowerCase());
}
