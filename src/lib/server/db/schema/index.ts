export * from './people';
export * from './auth';
export * from './conferences';
export * from './audit';
export * from './docs';
export * from './plenary';
export * from './votes';
export * from './meetings';
