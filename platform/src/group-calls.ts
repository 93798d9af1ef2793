/**
 * What a failed batch means for its callers: `fail-batch` rejects them all (a statement whose retry is the
 * caller's business, e.g. a claim another worker may have taken since); `retry-one-by-one` runs each call
 * again alone, so one bad input fails only its own caller.
 */
export type BatchFailurePolicy = 'fail-batch' | 'retry-one-by-one';

/**
 * Group commit for per-request calls: calls made while earlier batches are in flight run together as one
 * batch (one statement, one WAL flush for all of them). No timer: a lone call runs at once. Every caller is
 * answered from a run that included its own input, never from another caller's outcome.
 */
export function groupCalls<In, Out>(
  run: (inputs: In[]) => Promise<Out[]>,
  options: { maxBatch: number; maxInFlight: number; onFailure: BatchFailurePolicy },
): (input: In) => Promise<Out> {
  const pending: Call<In, Out>[] = [];
  let inFlight = 0;
  let scheduled = false;
  const runBatch = async (batch: Call<In, Out>[]): Promise<void> => {
    try {
      const outputs = await run(batch.map((call) => call.input));
      batch.forEach((call, index) => call.resolve(outputs[index] as Out));
    } catch (error) {
      if (batch.length > 1 && options.onFailure === 'retry-one-by-one')
        await Promise.all(batch.map((call) => runBatch([call])));
      else for (const call of batch) call.reject(error);
    }
  };
  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && pending.length > 0) {
      inFlight += 1;
      void runBatch(pending.splice(0, options.maxBatch)).finally(() => {
        inFlight -= 1;
        flush();
      });
    }
  };
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

interface Call<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}
