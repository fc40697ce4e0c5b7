/**
 * @module `validate(target, schema)`: @hono/zod-validator with the server's own failure, a 400
 * `SandboxError`, so every bad request gets the same `{"error":{...}}` body.
 */
import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { z } from 'zod'
import { SandboxError } from '../../errors.ts'

/**
 * Validates one part of the request against `schema`; read the result with `c.req.valid(target)`.
 * @throws SandboxError 400 `invalid_request` naming the first bad field in the log
 */
export const validate = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) =>
  zValidator(target, schema, function rejectInvalid(result) {
    if (!result.success) {
      const issue = result.error.issues[0]
      throw new SandboxError({
        code: 'invalid_request',
        status: 400,
        message: 'request.invalid',
        logMessage: `invalid ${target}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'}`,
      })
    }
  })
