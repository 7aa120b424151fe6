import type { HeaderSymbol } from '@zerolab/cc'

/** Headers a C stage can include: the sysroot's common ones and ours. */
export const C_HEADERS = [
  'zerolab.h',
  'stdio.h',
  'stdlib.h',
  'string.h',
  'ctype.h',
  'stdint.h',
  'stdbool.h',
  'stddef.h',
  'math.h',
  'errno.h',
  'limits.h',
  'dirent.h',
  'time.h',
  'assert.h',
]

/** More headers for C++ stages (libc++). */
export const CPP_HEADERS = [
  'iostream',
  'string',
  'vector',
  'map',
  'unordered_map',
  'algorithm',
  'sstream',
  'fstream',
  'cstdio',
  'cstdlib',
  'cstring',
]

const fn = (signature: string, doc: string, header: string): HeaderSymbol => {
  const m = /^(.*?\b(\w+))\((.*)\)$/.exec(signature)!
  const params = m[3]!.split(', ').filter((p) => p && p !== 'void')
  return { name: m[2]!, kind: 'function', signature, params, doc: `${doc} <${header}>` }
}

/** The libc calls a stage uses most, with their C signatures. */
export const LIBC: HeaderSymbol[] = [
  fn('int printf(const char *fmt, ...)', 'Formats to stdout (/dev/stdout).', 'stdio.h'),
  fn(
    'int fprintf(FILE *f, const char *fmt, ...)',
    'Formats to an open file or channel.',
    'stdio.h',
  ),
  fn(
    'int snprintf(char *buf, size_t size, const char *fmt, ...)',
    'Formats into buf, at most size bytes with the NUL; returns the length it wanted.',
    'stdio.h',
  ),
  fn('int puts(const char *s)', 'Writes s and a newline to stdout.', 'stdio.h'),
  fn('int fputs(const char *s, FILE *f)', 'Writes s to f.', 'stdio.h'),
  fn('int putchar(int c)', 'Writes one byte to stdout.', 'stdio.h'),
  fn('int getchar(void)', 'Reads one byte of stdin, or EOF.', 'stdio.h'),
  fn(
    'char *fgets(char *buf, int size, FILE *f)',
    'Reads a line (with its newline) of at most size-1 bytes; NULL at the end.',
    'stdio.h',
  ),
  fn(
    'ssize_t getline(char **line, size_t *cap, FILE *f)',
    "Reads a whole line into a malloc'd buffer it grows; -1 at the end.",
    'stdio.h',
  ),
  fn(
    'FILE *fopen(const char *path, const char *mode)',
    'Opens a file: a channel such as "/dev/input" or "/dev/out/reduce".',
    'stdio.h',
  ),
  fn('int fclose(FILE *f)', 'Flushes and closes f; EOF on failure (a channel limit).', 'stdio.h'),
  fn(
    'size_t fread(void *buf, size_t size, size_t n, FILE *f)',
    'Reads up to n items of size bytes; returns the items read.',
    'stdio.h',
  ),
  fn(
    'size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)',
    'Writes n items of size bytes; returns the items written.',
    'stdio.h',
  ),
  fn('int fflush(FILE *f)', 'Writes out what f buffers.', 'stdio.h'),
  fn('void perror(const char *s)', 'Prints s and the errno message to stderr.', 'stdio.h'),
  fn(
    'void *malloc(size_t n)',
    'Allocates n bytes; NULL when the memory limit is reached.',
    'stdlib.h',
  ),
  fn('void *calloc(size_t n, size_t size)', 'Allocates n zeroed items of size bytes.', 'stdlib.h'),
  fn('void *realloc(void *p, size_t n)', 'Resizes an allocation; may move it.', 'stdlib.h'),
  fn('void free(void *p)', 'Releases an allocation.', 'stdlib.h'),
  fn('int atoi(const char *s)', 'Parses a decimal int.', 'stdlib.h'),
  fn(
    'long strtol(const char *s, char **end, int base)',
    'Parses a long; *end points after the digits.',
    'stdlib.h',
  ),
  fn(
    'unsigned long strtoul(const char *s, char **end, int base)',
    'Parses an unsigned long.',
    'stdlib.h',
  ),
  fn(
    'unsigned long long strtoull(const char *s, char **end, int base)',
    'Parses an unsigned long long.',
    'stdlib.h',
  ),
  fn('double strtod(const char *s, char **end)', 'Parses a double.', 'stdlib.h'),
  fn(
    'void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))',
    'Sorts n items in place.',
    'stdlib.h',
  ),
  fn(
    'void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))',
    'Binary search in a sorted array.',
    'stdlib.h',
  ),
  fn(
    'char *getenv(const char *name)',
    'An environment variable (exec.env, LOCAL_PATH_INFO …) or NULL.',
    'stdlib.h',
  ),
  fn('void exit(int code)', 'Ends the program; 0 is status ok.', 'stdlib.h'),
  fn('int rand(void)', 'A pseudo-random number, the same for every run of the job.', 'stdlib.h'),
  fn('size_t strlen(const char *s)', 'Length of s, without the NUL.', 'string.h'),
  fn('int strcmp(const char *a, const char *b)', 'Compares two strings: <0, 0 or >0.', 'string.h'),
  fn(
    'int strncmp(const char *a, const char *b, size_t n)',
    'Compares at most n bytes.',
    'string.h',
  ),
  fn('char *strcpy(char *dst, const char *src)', 'Copies src with its NUL into dst.', 'string.h'),
  fn(
    'char *strncpy(char *dst, const char *src, size_t n)',
    'Copies at most n bytes (no NUL if src is longer).',
    'string.h',
  ),
  fn('char *strcat(char *dst, const char *src)', 'Appends src to dst.', 'string.h'),
  fn('char *strchr(const char *s, int c)', 'First c in s, or NULL.', 'string.h'),
  fn('char *strrchr(const char *s, int c)', 'Last c in s, or NULL.', 'string.h'),
  fn('char *strstr(const char *s, const char *needle)', 'First needle in s, or NULL.', 'string.h'),
  fn(
    'char *strtok(char *s, const char *delim)',
    'Splits s in place at delim bytes; pass NULL to continue.',
    'string.h',
  ),
  fn('char *strdup(const char *s)', "A malloc'd copy of s.", 'string.h'),
  fn(
    'void *memcpy(void *dst, const void *src, size_t n)',
    'Copies n bytes (no overlap).',
    'string.h',
  ),
  fn(
    'void *memmove(void *dst, const void *src, size_t n)',
    'Copies n bytes, overlap allowed.',
    'string.h',
  ),
  fn('void *memset(void *p, int c, size_t n)', 'Fills n bytes with c.', 'string.h'),
  fn('int memcmp(const void *a, const void *b, size_t n)', 'Compares n bytes.', 'string.h'),
  fn('int isspace(int c)', 'Space, tab, newline, CR, VT or FF.', 'ctype.h'),
  fn('int isalpha(int c)', 'A letter.', 'ctype.h'),
  fn('int isdigit(int c)', 'A decimal digit.', 'ctype.h'),
  fn('int isalnum(int c)', 'A letter or digit.', 'ctype.h'),
  fn('int tolower(int c)', 'Lower-case of c.', 'ctype.h'),
  fn('int toupper(int c)', 'Upper-case of c.', 'ctype.h'),
  fn(
    'DIR *opendir(const char *path)',
    'Opens a folder: "/dev/in" lists the upstream peers.',
    'dirent.h',
  ),
  fn('struct dirent *readdir(DIR *d)', 'The next entry (d_name), or NULL.', 'dirent.h'),
  fn('int closedir(DIR *d)', 'Closes a folder.', 'dirent.h'),
  fn('time_t time(time_t *t)', 'Seconds since 1970: the job epoch, fixed while it runs.', 'time.h'),
]
