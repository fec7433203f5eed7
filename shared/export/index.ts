export * from './paper';
export * from './classification';
export * from './scale';
export * from './grid-ticks';
export * from './draw-ops';
export * from './layout';
export * from './compose-pdf';
export { toWinAnsi, textWidth, fitText, wrapText } from './text';
