export { redisStore } from './redisStore.js';

export type { RedisStoreOptions } from './redisStore.js';
export type { IoRedisLike, NodeRedisLike, RedisClient } from './client.js';
