/** @module Types of what pages share through `Astro.locals`. */
declare namespace App {
  interface Locals {
    /** The lesson being rendered; set by the lesson route for `<Exercise>` inside its MDX. */
    lesson?: import('@docker-classroom/lessons/schema').LessonFrontmatter
  }
}
