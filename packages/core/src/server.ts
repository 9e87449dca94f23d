import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { createApp, type AppExtras } from './app.ts';
import { bootPlatform, scheduleReencryption, type BootOptions, type Platform } from './app/boot.ts';
import { metricsPortHandler } from './platform/metrics/route.ts';

export interface RunningServer {
  platform: Platform;
  server: Server;
  url: string;
  /** The METRICS_PORT listener's URL, when one is configured. */
  metricsUrl?: string;
  /** Stop accepting, finish in-flight requests and jobs, close connections. */
  stop(): Promise<void>;
}

export async function startServer(config: Config, options: BootOptions & AppExtras = {}): Promise<RunningServer> {
  const platform = await bootPlatform(config, options);
  const app = createApp(platform, options);
  const server = createServer(app);
  // Keep-alive connections would otherwise hold close() open until the client hangs up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const metricsServer = config.metrics.port !== undefined ? await listenForMetrics(platform, config) : undefined;
  if (config.env === 'production' && !config.metrics.token && config.metrics.port === undefined) {
    platform.logger.warn('/metrics is not served: set METRICS_TOKEN or METRICS_PORT to expose it to a scraper');
  }
  if (config.env === 'production' && config.email.connector === 'local') {
    // Decision 0015: allowed (SMTP is issue #15) but loud, because sign-up verification mail goes nowhere.
    platform.logger.warn('EMAIL_CONNECTOR is local: account email (sign-up verification) is stored, not sent, and nobody can read it in production');
  }
  if (config.runWorkers) {
    await platform.queue.start();
    await scheduleReencryption(platform);
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let stopping: Promise<void> | undefined;
  return {
    platform,
    server,
    url: `http://${host}:${port}`,
    ...(metricsServer ? { metricsUrl: `http://${host}:${(metricsServer.address() as AddressInfo).port}` } : {}),
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // A keep-alive connection becomes idle only when its in-flight response ends; sweep until none is left.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        const deadline = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
        await closed;
        metricsServer?.closeAllConnections();
        await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
        clearInterval(sweep);
        clearTimeout(deadline);
        await platform.close();
      })();
      return stopping;
    },
  };
}

async function listenForMetrics(platform: Platform, config: Config): Promise<Server> {
  const server = createServer(metricsPortHandler(config, platform.metrics));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metrics.port, config.host, resolve);
  });
  return server;
}
