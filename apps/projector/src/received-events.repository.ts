import type { Pool } from 'pg';

export interface ReceivedEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  payload: Buffer | null;
}

/** Stores received events; a redelivered message changes nothing. */
export class ReceivedEventsRepository {
  constructor(private readonly pool: Pool) {}

  async saveAll(events: readonly ReceivedEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const values: unknown[] = [];
    const rows = events.map((e, i) => {
      values.push(e.topic, e.partition, e.offset, e.key, e.payload);
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    const result = await this.pool.query(
      `INSERT INTO read_model.received_events (topic, partition, kafka_offset, message_key, payload)
       VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
      values,
    );
    return result.rowCount ?? 0;
  }
}
