export { start } from './start.ts';
export type { RecorderOptions } from './options.ts';
export type { Recording, RecordingApi, RecorderStats } from './recording.ts';
export type { CobrowseEvent, CustomValue, RecorderUser } from './types.ts';
export { joinCode, joinSession } from './join.ts';
