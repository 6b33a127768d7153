// A rollup plugin that lets the recorder take rrweb's full snapshot itself, time-sliced
// (src/replay/sliced-snapshot.ts), and leave everything else to rrweb's own record().
//
// @rrweb/record 2.1.6 serialises the whole document in one synchronous call inside record() (and
// starts its observers right after), which holds a 35,000-element page's main thread for about
// 600 ms, and its snapshot step has no hook. So this patches the bundled module text, at build
// time, in three places, each an exact match that fails the build if the pinned version changes:
//  1. takeFullSnapshot keeps the options it would pass to snapshot() in `snapOpts`, and when
//     record() was given `loupeSnapshot`, hands them (with rrweb's own serialiser, mirror and emit)
//     to it instead of serialising, and answers its cancel function;
//  2. record()'s init starts the observers only once that snapshot is done (`afterSnapshot`);
//  3. the mirror's getId takes a bare number as a node's record too: the walk keeps only the id
//     of each node it sent (rrweb reads nothing else back), not an object per node;
//     The hook also hands over rrweb's id counter (genId), which the walk's own serialiser
//     (src/replay/fast-serialize.ts) numbers nodes with, as rrweb's serialiser would.
//  4. nothing else: checkouts restart record() (dom-control.ts), so they take the same path.
const RECORD = /@rrweb[+/]record@?[^/]*\/(node_modules\/@rrweb\/record\/)?dist\/record\.js$/;

const PATCHES = [
  {
    find: `  getId(n) {
    var _a2;
    if (!n) return -1;
    const id = (_a2 = this.getMeta(n)) == null ? void 0 : _a2.id;
    return id ?? -1;
  }`,
    replace: `  getId(n) {
    if (!n) return -1;
    const meta = this.getMeta(n);
    const id = typeof meta === "number" ? meta : meta == null ? void 0 : meta.id;
    return id ?? -1;
  }`,
  },
  {
    find: 'takeFullSnapshot = (isCheckout = false) => {',
    replace: 'takeFullSnapshot = (isCheckout = false, afterSnapshot) => {',
  },
  {
    find: '    const node = snapshot(document, {\n      mirror,',
    replace: '    const snapOpts = {\n      mirror,',
  },
  {
    find: `      keepIframeSrcFn
    });
    if (!node) {
      return console.warn("Failed to snapshot the document");
    }`,
    replace: `      keepIframeSrcFn
    };
    if (options.loupeSnapshot) {
      return options.loupeSnapshot({
        options: snapOpts,
        serialize: serializeNodeWithId,
        genId,
        needMaskingText,
        emit: wrappedEmit,
        emitMutation: wrappedMutationEmit,
        initialOffset: () => getWindowScroll(window),
        done() {
          mutationBuffers.forEach((buf) => buf.unlock());
          if (document.adoptedStyleSheets && document.adoptedStyleSheets.length > 0)
            stylesheetManager.adoptStyleSheets(document.adoptedStyleSheets, mirror.getId(document));
          if (afterSnapshot) afterSnapshot();
        }
      });
    }
    const node = snapshot(document, snapOpts);
    if (!node) {
      return console.warn("Failed to snapshot the document");
    }`,
  },
  {
    find: `    const init = () => {
      takeFullSnapshot();
      handlers.push(observe(document));
      recording = true;
    };`,
    replace: `    const init = () => {
      const observeAll = () => {
        handlers.push(observe(document));
        recording = true;
      };
      const cancel = takeFullSnapshot(false, observeAll);
      if (typeof cancel === "function") handlers.push(cancel);
      else observeAll();
    };`,
  },
];

export function rrwebSnapshotHook() {
  return {
    name: 'rrweb-snapshot-hook',
    transform(code, id) {
      if (!RECORD.test(id.replace(/\\/g, '/'))) return null;
      let out = code;
      for (const { find, replace } of PATCHES) {
        if (out.split(find).length !== 2)
          throw new Error(`rrweb-snapshot-hook: expected exactly one match in ${id} for:\n${find}`);
        out = out.replace(find, replace);
      }
      return { code: out, map: null };
    },
  };
}
