// Runs one Lambda function's synthesized bundle inside a worker thread, the way a Lambda execution
// environment does: the module is imported once (cold start), then invocations arrive one at a
// time. Plain JavaScript on purpose: it runs in a fresh thread with no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { bundleFile, handlerExport } = workerData;
const initStarted = performance.now();
let handler;
let initError;
try {
  const mod = await import(pathToFileURL(bundleFile).href);
  handler = mod[handlerExport];
  if (typeof handler !== 'function') throw new Error(`${bundleFile} exports no function "${handlerExport}"`);
} catch (err) {
  initError = err;
}
const initMs = performance.now() - initStarted;

parentPort.on('message', async ({ id, event, context }) => {
  if (initError) {
    parentPort.postMessage({ id, error: serialize(initError), initMs });
    return;
  }
  const deadline = Date.now() + context.remainingMs;
  const lambdaContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, lambdaContext);
    parentPort.postMessage({ id, result, initMs });
  } catch (err) {
    parentPort.postMessage({ id, error: serialize(err), initMs });
  }
});

parentPort.postMessage({ ready: true, initMs, initError: initError ? serialize(initError) : undefined });

function serialize(err) {
  return { errorType: err?.name ?? 'Error', errorMessage: err?.message ?? String(err), stack: err?.stack };
}
