// A module that throws as it loads. Named as a counting thread's `job.module`, it stands for a
// module that cannot be loaded: count-thread.ts catches the error and reports it. Started as a
// thread of its own, it crashes that thread: the error escapes it.
throw new Error('a counting thread failed on purpose (the spec expects this error)');
