-- A person's function and seniority as the seller knows them, overriding what the title says.
ALTER TABLE contacts ADD COLUMN function_override TEXT CHECK (function_override IN (
  'executive', 'engineering', 'finance', 'procurement', 'marketing', 'sales', 'operations', 'hr', 'legal', 'product', 'support', 'other'));
ALTER TABLE contacts ADD COLUMN seniority_override TEXT CHECK (seniority_override IN (
  'c_level', 'vp', 'director', 'manager', 'individual'));
