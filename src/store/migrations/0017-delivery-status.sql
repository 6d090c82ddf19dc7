-- The HTTP status of a delivery's last reply when it was an error (`last_error` keeps only its
-- class, http_4xx or http_5xx): 410 or 401 tells an admin more than "4xx". NULL otherwise.
ALTER TABLE deliveries ADD COLUMN last_status INTEGER CHECK (last_status BETWEEN 100 AND 599);
