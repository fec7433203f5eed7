/**
 * Init script of the render benchmark, installed before any page script (addInitScript) on both
 * the app and the bare MapLibre page: records main-thread long tasks from navigation start, so
 * "start → first idle" and the pan/zoom sequence can report their longest task.
 */
export interface LongTask {
  start: number;
  duration: number;
}

const tasks: LongTask[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch (error) {
  console.warn('bench: long tasks cannot be observed here', error);
}

Object.defineProperty(window, '__benchTasks', { value: () => tasks.slice(), configurable: true });
