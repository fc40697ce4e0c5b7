/** A form's error, announced as it appears; nothing when there is none. */
export default function FormError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null
  return (
    <p role="alert" className="classroom-error" data-testid={testId}>
      {message}
    </p>
  )
}
