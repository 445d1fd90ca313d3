// A counting thread that ends without a word: it never reports ready, never fails.
export {};
