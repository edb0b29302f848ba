import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BacklogDto } from '@/lib/api-types';
import { aboutDuration, BacklogNote, backlogText } from './backlog-note';

const quiet: BacklogDto = { queued: 0, running: 1, finishedLastMinute: 40, ratePerSecond: 0.667, expectedDelaySeconds: 0, oldestQueuedAt: null, behind: false };
const behind: BacklogDto = { queued: 412, running: 10, finishedLastMinute: 200, ratePerSecond: 3.333, expectedDelaySeconds: 124, oldestQueuedAt: '2026-12-07T10:00:00.000Z', behind: true };

describe('issue 19: the event log header shows a backlog', () => {
  it('says how many runs wait to start and how far behind, only while there is a backlog', () => {
    expect(backlogText(behind)).toBe('412 runs waiting to start · about 2 min behind');
    expect(backlogText(quiet)).toBeNull();
    // Queued a moment ago (the normal hand-off to a worker): not a backlog.
    expect(backlogText({ ...quiet, queued: 3, expectedDelaySeconds: 4, behind: false })).toBeNull();
    expect(backlogText({ ...behind, queued: 1, expectedDelaySeconds: null })).toBe('1 run waiting to start · none finished in the last minute, so the delay is unknown');
    expect(backlogText({ ...behind, queued: 12_000, expectedDelaySeconds: 3 * 3600 })).toBe('12,000 runs waiting to start · about 3 h behind');
  });

  it('renders the line in the header with a backlog, and nothing without one (or before it loads)', () => {
    const shown = renderToStaticMarkup(createElement(BacklogNote, { backlog: behind }));
    expect(shown).toContain('role="status"');
    expect(shown).toContain('412 runs waiting to start · about 2 min behind');
    expect(shown).toContain('10 running · 200 finished in the last minute');
    expect(renderToStaticMarkup(createElement(BacklogNote, { backlog: quiet }))).toBe('');
    expect(renderToStaticMarkup(createElement(BacklogNote, { backlog: undefined }))).toBe('');
  });

  it('rounds durations as people say them', () => {
    expect(aboutDuration(0)).toBe('about 1 s');
    expect(aboutDuration(45)).toBe('about 45 s');
    expect(aboutDuration(124)).toBe('about 2 min');
    expect(aboutDuration(5400)).toBe('about 2 h');
  });
});
