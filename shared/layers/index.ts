/** Layer analysis: pure math over per-layer file listings (runs in Node and in the browser). */
export * from './layer-entry';
export * from './dive-efficiency';
export * from './virtual-fs';
export * from './top-n';
export * from './format-bytes';
export * from './types';
export * from './image-analyzer';
