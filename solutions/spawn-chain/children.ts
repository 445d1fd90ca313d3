// The child programs are given code: one copy, in the kata, used by both sides.
export * from '../../katas/spawn-chain/children.ts';
