/**
 * CPU seconds used by processes, read from /proc (Linux): on this shared 2-core machine the
 * wall-clock numbers move with the other agents' load, while the CPU a process spends on the
 * same work moves much less, so the hub bench prints both.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  /** utime + stime, and cutime + cstime (children already waited for), in ticks. */
  own: number;
  children: number;
}

function stat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3] ?? 0);
  return { ppid: n(4), own: n(14) + n(15), children: n(16) + n(17) };
}

/** CPU seconds of one process, null when /proc cannot tell (not Linux, or it has exited). */
export function processCpuSeconds(pid: number | undefined): number | null {
  const s = pid === undefined ? null : stat(pid);
  return s ? s.own / TICKS_PER_SECOND : null;
}

/**
 * CPU seconds of a process and of all its children, exited (the ones it waited for, as the
 * postmaster does its backends) or still running.
 */
export function treeCpuSeconds(pid: number | undefined): number | null {
  const root = pid === undefined ? null : stat(pid);
  if (!root || pid === undefined) return null;
  let ticks = root.own + root.children;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s && s.ppid === pid) ticks += s.own;
  }
  return ticks / TICKS_PER_SECOND;
}
