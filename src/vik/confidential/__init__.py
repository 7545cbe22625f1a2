"""Confidential work: the reporting channel (meldpunt) with anonymous two-way contact, the confidential
advisors' register and the complaints procedure."""
