"""The API's rules, one module per resource; routers only translate HTTP to these calls."""
