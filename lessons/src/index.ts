/** @module Public entry of the lessons package. */
export * from './schema.ts'
export * from './checks.ts'
export * from './course.ts'
export * from './check-helpers/containers.ts'
export * from './check-helpers/engine-state.ts'
export * from './check-helpers/conditions.ts'
export * from './check-helpers/images.ts'
