"""The second factor of a local sign-in (issue 14, item 4): a TOTP code after the password for
every role that sees names (`vik.policy.second_factor`), enrolment with a QR code, the middleware
that keeps every other page closed until the code is given, and the administrators' reset."""
