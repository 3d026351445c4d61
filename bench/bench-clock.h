/* bench-clock.h: the clocks app-bench and app-floor share
 *
 * The floor is only a floor when it is timed exactly as the app: both
 * programs read these, and nothing else, around their first frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Milliseconds since this process started, on the boot clock the kernel
 * uses for /proc/self/stat; -1 when it cannot be read. */
double bench_ms_since_process_start (void);
/* CPU time of the whole process, every thread, in milliseconds. */
double bench_process_cpu_ms         (void);

G_END_DECLS
