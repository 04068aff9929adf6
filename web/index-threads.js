// 'nnslim/threads': the default browser entry under its former name (it was
// the only one with the threaded build; web/index.js now picks threads
// wherever the page is cross-origin isolated).
export * from './index.js';
