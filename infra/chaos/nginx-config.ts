import path from 'node:path';

export interface NginxPorts {
  listen: number;
  /** The internal entry services use to reach core-api (docker-compose.yml's nginx:8080): no edge rate limits. */
  internal: number;
  coreApi: number[];
  gateway: number[];
  /** Where /socket.io/ and / go (the live socket hosts); at least one port. */
  backoffice: number[];
}

/**
 * The edge of docker-compose.yml on loopback ports: the same failover, headers and rate limits as
 * infra/nginx/nginx.conf, the same routes file included unchanged, plain HTTP (TLS is not what this test is
 * about), and one extra header naming the instance that answered, so the driver sees where each hop landed.
 */
export function renderNginxConfig(options: { ports: NginxPorts; workDir: string; routesFile: string }): string {
  const { ports, workDir } = options;
  const servers = (list: number[], extra = '') => list.map((port) => `server 127.0.0.1:${port}${extra};`).join(' ');
  const temp = (name: string) => path.join(workDir, name);
  return `worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('nginx-error.log')} warn;
events { worker_connections 4096; }

http {
  log_format json escape=json '{"time":"$time_iso8601","method":"$request_method","uri":"$uri","status":$status,'
    '"duration":$request_time,"upstream":"$upstream_addr","upstream_status":"$upstream_status"}';
  access_log ${temp('nginx-access.log')} json buffer=64k flush=1s;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};

  client_max_body_size 12m;
  proxy_http_version 1.1;
  proxy_set_header Host $host;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_set_header X-Request-Id $request_id;
  proxy_next_upstream error timeout http_502 http_503;
  proxy_next_upstream_tries 2;

  limit_req_zone $binary_remote_addr zone=api:20m rate=50r/s;
  limit_req_zone $binary_remote_addr zone=auth:10m rate=1r/s;
  limit_req_zone $binary_remote_addr zone=webhooks:20m rate=500r/s;
  limit_req_status 429;

  map $http_upgrade $connection_upgrade { default upgrade; '' close; }

  upstream core_api { ${servers(ports.coreApi, ' max_fails=2 fail_timeout=5s')} keepalive 64; }
  upstream gateway { ${servers(ports.gateway, ' max_fails=2 fail_timeout=5s')} keepalive 64; }
  upstream backoffice { ip_hash; ${servers(ports.backoffice)} }

  server {
    listen 127.0.0.1:${ports.listen};
    add_header X-Medlink-Upstream $upstream_addr always;
    include ${options.routesFile};
  }

  server {
    listen 127.0.0.1:${ports.internal};
    add_header X-Medlink-Upstream $upstream_addr always;
    location = /healthz { return 200 'ok'; }
    location /api/ { proxy_pass http://core_api; }
    location /oauth/ { proxy_pass http://core_api; }
  }
}
`;
}
