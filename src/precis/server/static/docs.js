// Starts Swagger UI on /openapi.json (a file, not inline script, so the page keeps a strict CSP).
window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
