import { createPool } from './postgres-pool';

describe('the PostgreSQL pool', () => {
  it('survives an idle connection ended by the server (a restart), and reports it to whoever asked', async () => {
    const seen: Error[] = [];
    const pool = createPool('postgres://nobody@127.0.0.1:1/none', 2, (error) => seen.push(error));
    const terminated = new Error('terminating connection due to administrator command');
    // What pg does for an idle client whose socket the server closed.
    expect(() => pool.emit('error', terminated)).not.toThrow();
    expect(seen).toEqual([terminated]);
    const unheard = createPool('postgres://nobody@127.0.0.1:1/none');
    expect(() => unheard.emit('error', terminated)).not.toThrow();
    await Promise.all([pool.end(), unheard.end()]);
  });
});
