// A counting thread that fails as it starts, standing in for one whose work throws.
throw new Error('a counting thread failed on purpose');
