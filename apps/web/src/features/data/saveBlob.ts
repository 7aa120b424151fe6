/** Hands a Blob to the browser as a download named after the object's last path segment. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name.slice(name.lastIndexOf('/') + 1)
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
