/** @module The Docker-in-Docker sandbox provider. */
export { createDockerProvider, type CreateDockerProviderSettings } from './create-docker-provider.ts'
export { DockerProvider, LABEL_SOCKET_ROOT, type DockerProviderOptions, type DockerProviderSettings } from './docker-provider.ts'
export { DiskQuota, detectDiskQuota } from './disk-quota.ts'
export { detectIsolation, isolationHostConfig, type DetectIsolationOptions } from './isolation.ts'
