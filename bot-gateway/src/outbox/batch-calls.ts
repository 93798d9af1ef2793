/**
 * Group commit for per-message calls: calls made while earlier batches are in flight are run together as one
 * batch (one SQL statement instead of one per message). No timer: a lone call runs at once.
 */
export function batchCalls<In, Out>(
  run: (inputs: In[]) => Promise<Out[]>,
  options: { maxBatch: number; maxInFlight: number },
): (input: In) => Promise<Out | undefined> {
  const pending: { input: In; resolve: (out: Out | undefined) => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && pending.length > 0) {
      const batch = pending.splice(0, options.maxBatch);
      inFlight += 1;
      run(batch.map((call) => call.input))
        .then(
          (outputs) => batch.forEach((call, index) => call.resolve(outputs[index])),
          (error: unknown) => batch.forEach((call) => call.reject(error)),
        )
        .finally(() => {
          inFlight -= 1;
          flush();
        });
    }
  };
  return (input) =>
    new Promise<Out | undefined>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
