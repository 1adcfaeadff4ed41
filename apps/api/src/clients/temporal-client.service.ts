import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@suivi/config';
import { connectTemporalClient } from '@suivi/temporal';
import type { Client } from '@temporalio/client';
import { API_CONFIG } from '../config/api-config';

/**
 * Connects to Temporal on first use instead of at start-up, so the API starts while
 * Temporal is down. A failed attempt is forgotten and the next caller (typically the
 * readiness probe) tries again; once connected, gRPC re-establishes the channel itself.
 */
@Injectable()
export class TemporalClientService implements OnApplicationShutdown {
  private client?: Client;
  private connecting?: Promise<Client>;
  private shuttingDown = false;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  getClient(): Promise<Client> {
    if (this.shuttingDown) return Promise.reject(new Error('the API is shutting down'));
    if (this.client) return Promise.resolve(this.client);
    // Concurrent callers share one attempt rather than opening a channel each.
    this.connecting ??= connectTemporalClient({
      address: this.config.TEMPORAL_ADDRESS,
      namespace: this.config.TEMPORAL_NAMESPACE,
      codecKeys: this.config.TEMPORAL_CODEC_KEYS,
    }).then(
      (client) => {
        this.client = client;
        this.connecting = undefined;
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    // An attempt still in flight is bounded by the library's connect timeout; close what it yields.
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.connection.close();
  }
}
