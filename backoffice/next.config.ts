import path from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // One repository, several workspaces: pure helpers of core-api (SMS segment counting) are shared, not copied.
  transpilePackages: ['@medlink/core-api', '@medlink/platform'],
  turbopack: { root: path.join(__dirname, '..') },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
