"""A person's account: /privacy, /export, /forget and the journal switch."""
