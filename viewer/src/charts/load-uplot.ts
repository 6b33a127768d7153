import type uPlot from 'uplot';

export type UPlotClass = typeof uPlot;
export type UPlotInstance = uPlot;
export type UPlotOptions = uPlot.Options;

/**
 * uPlot is a chunk of its own, fetched by the overview's charts only, so no other page pays for
 * it (viewer/test/bundle.test.ts checks). Its stylesheet is small and ships in viewer.css.
 */
export function loadUPlot(): Promise<UPlotClass> {
  return import('uplot').then((m) => m.default);
}
