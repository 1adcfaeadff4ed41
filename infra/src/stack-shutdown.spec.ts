import { Stack } from './stack';

jest.mock('./console', () => ({ say: () => undefined, withProgress: (_: string, work: () => unknown) => work() }));

describe('stack shutdown order', () => {
  const recorder = () => {
    const events: string[] = [];
    let clock = 0;
    const item = (name: string, group?: string) => ({
      name,
      group,
      stop: async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5 + clock++));
        events.push(`end ${name}`);
      },
    });
    return { events, item };
  };

  it('stops in reverse start order, one after the other', async () => {
    const { events, item } = recorder();
    const stack = new Stack();
    for (const name of ['postgres', 'kafka', 'api']) stack.add(item(name));
    await stack.shutdown();
    expect(events).toEqual(['start api', 'end api', 'start kafka', 'end kafka', 'start postgres', 'end postgres']);
  });

  it('stops the members of a group added one after the other together (the three brokers)', async () => {
    const { events, item } = recorder();
    const stack = new Stack();
    stack.add(item('postgres'));
    for (const n of [1, 2, 3]) stack.add(item(`kafka-${n}`, 'kafka'));
    stack.add(item('api'));
    await stack.shutdown();
    expect(events.slice(0, 2)).toEqual(['start api', 'end api']);
    // All three brokers are asked to stop before any has finished.
    expect(events.slice(2, 5).sort()).toEqual(['start kafka-1', 'start kafka-2', 'start kafka-3']);
    expect(events.slice(5, 8).sort()).toEqual(['end kafka-1', 'end kafka-2', 'end kafka-3']);
    expect(events.slice(8)).toEqual(['start postgres', 'end postgres']);
  });
});
