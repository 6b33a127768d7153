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
//
// UNUSED below then cuts the parts of rrweb that the options Loupe passes (record-dom.ts,
// rrwebOptions(): recordCanvas, collectFonts and recordCrossOriginIframes all false) never run:
// canvas and WebGL recording with its inlined image Worker, font recording, and the cross-origin
// iframe messaging (about 2 KB gzipped of the rrweb chunk, which every recorded page view loads).
// record() throws if it is ever given one of those options, so a cut feature cannot silently
// record nothing.
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

/** Each `from` (inclusive) to `to` (exclusive) range is replaced; both must match exactly once. */
const UNUSED = [
  {
    find: '  registerErrorHandler(errorHandler2);\n',
    replace:
      '  registerErrorHandler(errorHandler2);\n  if (recordCanvas || collectFonts || recordCrossOriginIframes) throw new Error("rrweb-snapshot-hook: option cut");\n',
  },
  // Canvas: CanvasManager's only callers are the mutation buffers' freeze/lock/reset, and record()
  // builds it (with recordCanvas false its constructor starts nothing).
  {
    from: 'const canvasVarMap = /* @__PURE__ */ new Map();\nfunction variableListFor(ctx, ctor) {',
    to: 'class StylesheetManager {',
    replace: 'class CanvasManager {\n  reset() {}\n  freeze() {}\n  unfreeze() {}\n  lock() {}\n  unlock() {}\n}\n',
  },
  // Fonts: only started when collectFonts is set.
  { from: 'function initFontObserver({ fontCb, doc }) {', to: 'function initSelectionObserver(param) {', replace: '' },
  { find: '    if (o.collectFonts) {\n      fontObserver = initFontObserver(o);\n    }\n', replace: '' },
  // Cross-origin iframes: the message handler and id remapping run only with recordCrossOriginIframes.
  { from: 'class CrossOriginIframeMirror {', to: 'class IframeManager {', replace: '' },
  {
    find: '    __publicField(this, "crossOriginIframeMirror", new CrossOriginIframeMirror(genId));\n',
    replace: '',
  },
  {
    find: `    this.crossOriginIframeStyleMirror = new CrossOriginIframeMirror(
      this.stylesheetManager.styleMirror.generateId.bind(
        this.stylesheetManager.styleMirror
      )
    );
`,
    replace: '',
  },
  {
    find: `    if (this.recordCrossOriginIframes) {
      window.addEventListener("message", this.handleMessage.bind(this));
    }
`,
    replace: '',
  },
  {
    find: `    if (this.recordCrossOriginIframes)
      (_a2 = iframeEl.contentWindow) == null ? void 0 : _a2.addEventListener(
        "message",
        this.handleMessage.bind(this)
      );
`,
    replace: '',
  },
  { from: '  handleMessage(message) {', to: 'class ShadowDomManager {', replace: '}\n' },
];

const once = (code, text, id) => {
  const at = code.indexOf(text);
  if (at < 0 || code.indexOf(text, at + 1) >= 0)
    throw new Error(`rrweb-snapshot-hook: expected exactly one match in ${id} for:\n${text}`);
  return at;
};

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
      for (const { find, from, to, replace } of UNUSED) {
        if (find !== undefined) {
          const at = once(out, find, id);
          out = out.slice(0, at) + replace + out.slice(at + find.length);
        } else {
          const start = once(out, from, id);
          const end = once(out, to, id);
          if (end < start) throw new Error(`rrweb-snapshot-hook: ${to} before ${from} in ${id}`);
          out = out.slice(0, start) + replace + out.slice(end);
        }
      }
      return { code: out, map: null };
    },
  };
}
