// A counting thread that fails as it starts, standing in for one whose work throws. Deno prints
// every uncaught error of a worker thread, and an uncaught error is the only way a thread's error
// reaches its parent's 'error' event, so under Deno this line shows in a passing run: the message
// says so.
throw new Error('a counting thread failed on purpose (the spec expects this error; under Deno it is printed)');
