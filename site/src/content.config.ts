/**
 * @module Content collections. `lessons` reads the shared course (`lessons/course/<n>-<name>/content.mdx`)
 * and validates it with the shared lesson schema merged into Starlight's page schema, so a lesson's
 * `title` and `description` satisfy both and Starlight's optional page fields get their defaults.
 * Entry ids are the frontmatter `id`, which is also the URL slug. There is no `docs` collection:
 * every page is a route under `src/pages/` built on `<StarlightPage>`.
 */
import { LessonFrontmatterSchema } from '@docker-classroom/lessons/schema'
import { docsSchema } from '@astrojs/starlight/schema'
import { defineCollection } from 'astro:content'
import { glob } from 'astro/loaders'

const lessons = defineCollection({
  loader: glob({
    base: '../lessons/course',
    pattern: '*/content.mdx',
    generateId: ({ data, entry }) => {
      if (typeof data.id !== 'string') throw new Error(`${entry}: the frontmatter needs an "id"`)
      return data.id
    },
  }),
  schema: docsSchema({ extend: LessonFrontmatterSchema() }),
})

export const collections = { lessons }
