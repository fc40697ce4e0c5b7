/**
 * @module Content collections. `lessons` reads the shared course (`lessons/course/<n>-<name>/content.mdx`)
 * and validates it with the shared lesson schema merged into Starlight's page schema, so a lesson's
 * `title` and `description` satisfy both and Starlight's optional page fields get their defaults.
 * Entry ids are the frontmatter `id`, which is also the URL slug. `packLessons` is the same for an
 * instructor's pack outside the repository. There is no `docs` collection:
 * every page is a route under `src/pages/` built on `<StarlightPage>`.
 */
import { LessonFrontmatterSchema } from '@docker-classroom/lessons/schema'
import { docsSchema } from '@astrojs/starlight/schema'
import { defineCollection } from 'astro:content'
import { glob } from 'astro/loaders'

/** Lesson folders under `base`, keyed by their frontmatter id. */
const lessonCollection = (base: string, pattern = '*/content.mdx') =>
  defineCollection({
    loader: glob({
      base,
      pattern,
      generateId: ({ data, entry }) => {
        if (typeof data.id !== 'string') throw new Error(`${entry}: the frontmatter needs an "id"`)
        return data.id
      },
    }),
    schema: docsSchema({ extend: LessonFrontmatterSchema() }),
  })

const lessons = lessonCollection('../lessons/course')

/**
 * An instructor's lesson pack (`LESSONS_DIR`), listed after the course. Without one the collection
 * still exists (pages query it either way) but its pattern matches no file.
 */
const packDir = process.env.LESSONS_DIR
const packLessons = packDir ? lessonCollection(packDir) : lessonCollection('../lessons/course', 'no-lesson-pack/content.mdx')

export const collections = { lessons, packLessons }
