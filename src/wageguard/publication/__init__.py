"""重大劳动保障违法行为社会公布 (MOHRSS Order 29): queue, batches, review and public feeds."""
