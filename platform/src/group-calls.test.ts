import { groupCalls } from './group-calls';

/** A batch runner that records each batch it is given and doubles its inputs, failing on any input in `poison`. */
function recordingRun(poison: number[] = []) {
  const batches: number[][] = [];
  const run = async (inputs: number[]) => {
    batches.push(inputs);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (inputs.some((input) => poison.includes(input))) throw new Error(`batch ${inputs.join(',')} failed`);
    return inputs.map((input) => input * 2);
  };
  return { batches, run };
}

describe('groupCalls', () => {
  it('runs a lone call at once, alone', async () => {
    const { batches, run } = recordingRun();
    expect(await groupCalls(run, { maxBatch: 10, maxInFlight: 1, onFailure: 'retry-one-by-one' })(4)).toBe(8);
    expect(batches).toEqual([[4]]);
  });

  it('runs the calls made while a batch is in flight together, at most maxBatch at a time', async () => {
    const { batches, run } = recordingRun();
    const call = groupCalls(run, { maxBatch: 3, maxInFlight: 1, onFailure: 'fail-batch' });
    const first = call(1);
    await new Promise((resolve) => setImmediate(resolve));
    const outputs = await Promise.all([first, ...[2, 3, 4, 5].map((input) => call(input))]);
    expect(outputs).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('runs a failed batch again call by call: only the bad input fails, the others get their own output', async () => {
    const { batches, run } = recordingRun([3]);
    const call = groupCalls(run, { maxBatch: 10, maxInFlight: 1, onFailure: 'retry-one-by-one' });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((input) => call(input)));
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : 'failed'))).toEqual([
      2,
      4,
      'failed',
      8,
    ]);
    expect(batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('fails every call of a failed batch, and runs nothing again, when told to fail the batch', async () => {
    const { batches, run } = recordingRun([3]);
    const call = groupCalls(run, { maxBatch: 10, maxInFlight: 1, onFailure: 'fail-batch' });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((input) => call(input)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('fails every call when every run fails', async () => {
    const call = groupCalls(
      async () => {
        throw new Error('database closed');
      },
      { maxBatch: 10, maxInFlight: 2, onFailure: 'retry-one-by-one' },
    );
    const outcomes = await Promise.allSettled([1, 2, 3].map((input) => call(input)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
