/** Byte formatting for reports: one implementation, the layer math's (Docker's units and precision). */
export { formatBytes } from '../layers/format-bytes';
