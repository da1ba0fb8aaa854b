"""Typical cases (典型案例): decided enforcement cases told to the public, with personal data
refused, not stored (Decree 724 art. 46: 以案释法)."""
