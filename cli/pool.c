/*
 * -j N: the work of a run shared among worker processes, the output
 * written by this one, in input order, byte for byte as one process
 * would write it.
 *
 * The library's objects (Hunspell handles, per-word caches) are not for
 * two threads, so the workers are processes, forked once everything is
 * loaded: the compiled glossary and the dictionary are shared
 * copy-on-write. A worker is told a run of neighbouring items on a pipe
 * (neighbours share words, so its caches serve the run), does each with
 * its standard output and error going to two memory files of its own
 * (memfd), and answers each on another pipe: the item's status, what it
 * wrote (taken out of the memory files) and its payload (a packed report
 * or fix result). A worker that dies leaves what it said in the memory
 * files, which the parent reads then. Results are handed to the caller
 * strictly in order; a few runs are worked on ahead of the item the
 * caller waits for.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"

#define MAX_JOBS 256

int cli_jobs_default(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 &&
	    CPU_COUNT(&set) > 0)
		n = CPU_COUNT(&set);
	else if ((n = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		n = 1;
	return n > MAX_JOBS ? MAX_JOBS : (int)n;
}

int cli_jobs_parse(int *out, const char *cmd, const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 0)
		return cli_usage_error(cmd,
			"--jobs wants a number of processes, not '%s'", arg);
	/* 0: as many as there are cores. */
	*out = n == 0 ? cli_jobs_default() : n > MAX_JOBS ? MAX_JOBS : (int)n;
	return 0;
}

/* A memory file, else an unlinked temporary one. */
static int mem_file(void)
{
	int fd = memfd_create("glossa-worker", MFD_CLOEXEC);
	FILE *f;

	if (fd >= 0)
		return fd;
	if ((f = tmpfile()) == NULL)
		return -1;
	fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 3);
	fclose(f);
	return fd;
}

/* Append the whole of memory file fd to buf, then empty it. */
static int drain(int fd, glossa_buf *buf)
{
	struct stat st;
	off_t off = 0;

	if (fstat(fd, &st) < 0)
		return -1;
	if (st.st_size > 0 &&
	    glossa_buf_grow(buf, (size_t)st.st_size + 1) < 0)
		return -1;
	while (off < st.st_size) {
		ssize_t n = pread(fd, buf->ptr + buf->size,
			(size_t)(st.st_size - off), off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf->size += (size_t)n;
		off += n;
	}
	if (buf->ptr)
		buf->ptr[buf->size] = '\0';
	/* The offset is the worker's too (the same open file). */
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	return 0;
}

int cli_capture_begin(cli_capture *c)
{
	c->saved = -1;
	if ((c->fd = mem_file()) < 0)
		return -1;
	fflush(stderr);
	if ((c->saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) < 0 ||
	    dup2(c->fd, STDERR_FILENO) < 0) {
		if (c->saved >= 0)
			close(c->saved);
		close(c->fd);
		c->fd = c->saved = -1;
		return -1;
	}
	return 0;
}

int cli_capture_end(cli_capture *c, glossa_buf *err)
{
	int rc = 0;

	if (c->fd < 0)
		return -1;
	fflush(stderr);
	if (dup2(c->saved, STDERR_FILENO) < 0)
		rc = -1;
	close(c->saved);
	if (drain(c->fd, err) < 0)
		rc = -1;
	close(c->fd);
	c->fd = c->saved = -1;
	return rc;
}

/* All of n bytes read from (or written to) fd: 0, or -1 on an error or
 * an end of file before them. */
static int io_full(int fd, void *p, size_t n, bool writing)
{
	char *b = p;

	while (n > 0) {
		ssize_t r = writing ? write(fd, b, n) : read(fd, b, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

static int read_full(int fd, void *p, size_t n)
{
	return io_full(fd, p, n, false);
}

static int write_full(int fd, const void *p, size_t n)
{
	return io_full(fd, (void *)(uintptr_t)p, n, true);
}

typedef struct {
	uint64_t index;
	int64_t rc;
	uint64_t nout, nerr, len;  /* then that many bytes of each */
} answer;

typedef struct {
	pid_t pid;
	int task_fd, res_fd;   /* parent's ends */
	int out_fd, err_fd;    /* the worker's standard output and error */
	int64_t busy;          /* the item it works on, or -1 */
	size_t left;           /* items of its run still to answer */
} worker;

typedef struct {
	bool done;
	cli_pool_result r;
	glossa_buf out, err, payload;
} slot;

/* The worker: items until the task pipe closes; never returns. */
static void work(int task_fd, int res_fd, cli_pool_task task, void *arg)
{
	glossa_buf payload = GLOSSA_BUF_INIT, out = GLOSSA_BUF_INIT,
		err = GLOSSA_BUF_INIT;
	uint64_t run[2], index;

	while (read_full(task_fd, run, sizeof(run)) == 0)
	for (index = run[0]; index < run[0] + run[1]; index++) {
		answer a;

		glossa_buf_clear(&payload);
		glossa_buf_clear(&out);
		glossa_buf_clear(&err);
		a.index = index;
		a.rc = task((size_t)index, &payload, arg);
		/* What the item wrote, taken out of the memory files (the
		 * next item writes there from the start). */
		if (fflush(stdout) != 0 || fflush(stderr) != 0 ||
		    drain(STDOUT_FILENO, &out) < 0 ||
		    drain(STDERR_FILENO, &err) < 0)
			_exit(EXIT_TROUBLE);
		a.nout = out.size;
		a.nerr = err.size;
		a.len = payload.size;
		if (write_full(res_fd, &a, sizeof(a)) < 0 ||
		    write_full(res_fd, out.ptr, out.size) < 0 ||
		    write_full(res_fd, err.ptr, err.size) < 0 ||
		    write_full(res_fd, payload.ptr, payload.size) < 0)
			_exit(EXIT_TROUBLE);
	}
	_exit(0);
}

/* Give a worker a run of n items from idx. A worker that died makes
 * this fail, not the run end by SIGPIPE (which stays as it was for
 * standard output). */
static int tell(int fd, uint64_t idx, uint64_t n)
{
	struct sigaction ign, old;
	uint64_t run[2] = { idx, n };
	int rc;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	if (sigaction(SIGPIPE, &ign, &old) < 0)
		return -1;
	rc = write_full(fd, run, sizeof(run));
	sigaction(SIGPIPE, &old, NULL);
	return rc;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int start(worker *ws, int k, cli_pool_task task, void *arg)
{
	int tp[2] = { -1, -1 }, rp[2] = { -1, -1 }, j;
	worker *w = &ws[k];

	if ((w->out_fd = mem_file()) < 0 || (w->err_fd = mem_file()) < 0 ||
	    pipe2(tp, O_CLOEXEC) < 0 || pipe2(rp, O_CLOEXEC) < 0)
		goto fail;
	/* Nothing buffered may be written twice. */
	fflush(stdout);
	fflush(stderr);
	if ((w->pid = fork()) < 0)
		goto fail;
	if (w->pid == 0) {
		/* The other workers' pipes are not this one's: a write
		 * end kept open here would hide the end of their tasks. */
		for (j = 0; j < k; j++) {
			close(ws[j].task_fd);
			close(ws[j].res_fd);
			close(ws[j].out_fd);
			close(ws[j].err_fd);
		}
		close(tp[1]);
		close(rp[0]);
		if (dup2(w->out_fd, STDOUT_FILENO) < 0 ||
		    dup2(w->err_fd, STDERR_FILENO) < 0)
			_exit(EXIT_TROUBLE);
		signal(SIGPIPE, SIG_DFL);
		work(tp[0], rp[1], task, arg);
	}
	close(tp[0]);
	close(rp[1]);
	w->task_fd = tp[1];
	w->res_fd = rp[0];
	w->busy = -1;
	return 0;
fail:
	cli_error("cannot start a worker process: %s", strerror(errno));
	close_fd(&tp[0]);
	close_fd(&tp[1]);
	close_fd(&rp[0]);
	close_fd(&rp[1]);
	w->pid = 0;
	return -1;
}

/* n bytes from fd into buf. */
static int read_buf(int fd, glossa_buf *buf, uint64_t n)
{
	glossa_buf_clear(buf);
	if (n == 0)
		return 0;
	if (n > SIZE_MAX / 2 || glossa_buf_grow(buf, (size_t)n + 1) < 0 ||
	    read_full(fd, buf->ptr, (size_t)n) < 0)
		return -1;
	buf->size = (size_t)n;
	buf->ptr[n] = '\0';
	return 0;
}

/* Worker w answered or died: its item's slot is filled either way. */
static int collect(worker *w, slot *slots, size_t window, int *alive)
{
	slot *s = &slots[(size_t)w->busy % window];
	answer a;
	int status;

	s->r.index = (size_t)w->busy;
	if (read_full(w->res_fd, &a, sizeof(a)) == 0 &&
	    a.index == (uint64_t)w->busy &&
	    read_buf(w->res_fd, &s->out, a.nout) == 0 &&
	    read_buf(w->res_fd, &s->err, a.nerr) == 0 &&
	    read_buf(w->res_fd, &s->payload, a.len) == 0) {
		s->r.rc = (int)a.rc;
	} else {
		/* Died (a signal, or _exit() from a handler): what it
		 * said is in its memory files. */
		close_fd(&w->task_fd);
		close_fd(&w->res_fd);
		while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
			;
		w->pid = 0;
		(*alive)--;
		glossa_buf_clear(&s->payload);
		drain(w->out_fd, &s->out);
		drain(w->err_fd, &s->err);
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			s->r.rc = WEXITSTATUS(status);
		} else {
			s->r.rc = EXIT_TROUBLE;
			glossa_buf_printf(&s->err,
				"%s: a worker process %s %d\n", cli_progname,
				WIFSIGNALED(status) ? "was killed by signal" :
				"ended early, status", WIFSIGNALED(status) ?
				WTERMSIG(status) : WEXITSTATUS(status));
		}
	}
	s->r.out = s->out.ptr ? s->out.ptr : "";
	s->r.nout = s->out.size;
	s->r.err = s->err.ptr ? s->err.ptr : "";
	s->r.nerr = s->err.size;
	s->r.payload = s->payload.ptr ? s->payload.ptr : "";
	s->r.npayload = s->payload.size;
	s->done = true;
	/* (A worker that died answers no more: the run stops at its
	 * failed item before it would wait for the rest.) */
	if (w->pid && --w->left > 0)
		w->busy++;
	else
		w->busy = -1;
	return 0;
}

static void slot_dispose(slot *s)
{
	glossa_buf_dispose(&s->out);
	glossa_buf_dispose(&s->err);
	glossa_buf_dispose(&s->payload);
	memset(s, 0, sizeof(*s));
}

int cli_pool_run(size_t nitems, int jobs, cli_pool_task task,
	cli_pool_consume consume, void *arg)
{
	worker *ws = NULL;
	slot *slots = NULL;
	struct pollfd *pfd = NULL;
	size_t next = 0, done = 0, window, chunk;
	int k, alive = 0, rc = -1;

	if (nitems == 0)
		return 0;
	if (jobs > (int)nitems)
		jobs = (int)nitems;
	if (jobs < 1)
		jobs = 1;
	/* Ahead of the item written next: enough to keep every worker
	 * busy behind one long item, few enough to hold in memory (the
	 * results wait in a ring of that many slots). */
	window = (size_t)jobs * 8 + 16;
	/* Neighbouring files share words (a story cut in parts, a day's
	 * names): runs of them go to one worker, whose caches then serve
	 * the run; about four runs per worker keep the load even. */
	chunk = nitems / ((size_t)jobs * 4);
	if (chunk < 1)
		chunk = 1;
	if (chunk > 64)
		chunk = 64;
	if (window < chunk * (size_t)jobs * 2)
		window = chunk * (size_t)jobs * 2;
	if ((ws = calloc((size_t)jobs, sizeof(*ws))) == NULL ||
	    (pfd = calloc((size_t)jobs, sizeof(*pfd))) == NULL ||
	    (slots = calloc(window, sizeof(*slots))) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (k = 0; k < jobs; k++)
		ws[k].task_fd = ws[k].res_fd = ws[k].out_fd = ws[k].err_fd = -1;
	for (k = 0; k < jobs; k++) {
		if (start(ws, k, task, arg) < 0)
			goto out;
		alive++;
	}
	while (done < nitems) {
		int np = 0, i;

		/* Hand out work. */
		for (k = 0; k < jobs && next < nitems; k++) {
			size_t n = nitems - next < chunk ? nitems - next : chunk;

			if (next + n > done + window)
				break;
			if (ws[k].pid == 0 || ws[k].busy >= 0)
				continue;
			if (tell(ws[k].task_fd, next, n) < 0) {
				/* It died between two items. */
				close_fd(&ws[k].task_fd);
				close_fd(&ws[k].res_fd);
				while (waitpid(ws[k].pid, NULL, 0) < 0 &&
				       errno == EINTR)
					;
				ws[k].pid = 0;
				alive--;
				continue;
			}
			ws[k].busy = (int64_t)next;
			ws[k].left = n;
			next += n;
		}
		/* Write what is ready, in order. */
		while (done < nitems && slots[done % window].done) {
			int c = consume(&slots[done % window].r, arg);

			slot_dispose(&slots[done % window]);
			done++;
			if (c != 0) {
				rc = c;
				goto out;
			}
		}
		if (done >= nitems)
			break;
		if (alive == 0) {
			cli_error("no worker process left");
			goto out;
		}
		for (k = 0; k < jobs; k++)
			if (ws[k].pid && ws[k].busy >= 0) {
				pfd[np].fd = ws[k].res_fd;
				pfd[np].events = POLLIN;
				pfd[np++].revents = 0;
			}
		if (np == 0)
			continue;
		if (poll(pfd, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			cli_error("poll: %s", strerror(errno));
			goto out;
		}
		for (i = 0, k = 0; k < jobs; k++) {
			if (!(ws[k].pid && ws[k].busy >= 0))
				continue;
			if (pfd[i++].revents && collect(&ws[k], slots,
					window, &alive) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	/* A closed task pipe ends an idle worker; one still working on
	 * an item nobody will read is stopped. */
	for (k = 0; ws && k < jobs; k++) {
		close_fd(&ws[k].task_fd);
		if (ws[k].pid > 0 && ws[k].busy >= 0)
			kill(ws[k].pid, SIGTERM);
	}
	for (k = 0; ws && k < jobs; k++) {
		if (ws[k].pid > 0)
			while (waitpid(ws[k].pid, NULL, 0) < 0 &&
			       errno == EINTR)
				;
		close_fd(&ws[k].res_fd);
		close_fd(&ws[k].out_fd);
		close_fd(&ws[k].err_fd);
	}
	for (next = 0; slots && next < window; next++)
		slot_dispose(&slots[next]);
	free(slots);
	free(pfd);
	free(ws);
	return rc;
}

int cli_pool_emit(const cli_pool_result *r)
{
	if (r->nerr > 0)
		fwrite(r->err, 1, r->nerr, stderr);
	if (r->nout > 0 && fwrite(r->out, 1, r->nout, stdout) != r->nout)
		return -1;
	return 0;
}
