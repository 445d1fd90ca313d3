// Given code: one copy, in the kata, used by both sides.
export * from '../../katas/locking-counter/start-line.ts';
