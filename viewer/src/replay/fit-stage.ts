/** The tallest a replay may be, as a share of the window: controls and timeline stay in view. */
const MAX_HEIGHT_SHARE = 0.68;

/**
 * Scales the recorded viewport (rrweb's wrapper, sized in the recorded page's pixels) to the
 * stage's width without enlarging it, and centres it.
 */
export function fitStage(stage: HTMLElement, wrapper: HTMLElement, dims: { width: number; height: number }): void {
  if (!dims.width || !dims.height) return;
  const avail = stage.clientWidth;
  const maxHeight = Math.max(200, window.innerHeight * MAX_HEIGHT_SHARE);
  const scale = Math.min(1, avail / dims.width, maxHeight / dims.height);
  wrapper.style.transformOrigin = '0 0';
  wrapper.style.transform = `scale(${scale})`;
  wrapper.style.left = `${Math.max(0, (avail - dims.width * scale) / 2)}px`;
  stage.style.height = `${Math.ceil(dims.height * scale)}px`;
}
