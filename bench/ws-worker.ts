// A child process that runs the ws side of the micro benchmarks, one round
// per request, so that (1) ws can be measured without bufferutil: ws reads
// WS_NO_BUFFER_UTIL once, when it is first required, so that column needs a
// process started with it; and (2) a cell ws cannot finish (fed a byte at a
// time, its Receiver joins the bytes of a large frame in quadratic time, in
// one synchronous call) can be stopped: the parent kills this process.
//
//   node --import tsx bench/ws-worker.ts            ws with bufferutil
//   WS_NO_BUFFER_UTIL=1 node --import tsx bench/ws-worker.ts

import { answerParent } from './child-process';
import { LocalContender } from './measure';
import { type ContenderId, type MicroCell, createWorkload } from './workloads/cells';
import { bufferUtilLoaded } from './workloads/ws-buffer-util';

/** Contenders of the current cell only, so a finished cell's buffers can go. */
let currentCell = '';
const contenders = new Map<ContenderId, LocalContender>();

answerParent({ bufferutil: bufferUtilLoaded(), pid: process.pid }, (request) => {
  if (request.type !== 'round') throw new Error(`unknown request ${String(request.type)}`);
  const cell = request.cell as MicroCell;
  const contender = request.contender as ContenderId;
  const cellKey = JSON.stringify(cell);
  if (cellKey !== currentCell) {
    contenders.clear();
    currentCell = cellKey;
  }
  let runner = contenders.get(contender);
  if (!runner) {
    runner = new LocalContender(contender, createWorkload(cell, contender));
    contenders.set(contender, runner);
  }
  return runner.roundNow(request.roundMs as number, request.capMs as number);
});
