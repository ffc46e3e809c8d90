// Turns off WebAssembly stack switching (JSPI) for this page, before Pyodide loads and looks for it.
// Pyodide runs every asyncio step through JSPI when the browser has it (Chrome 137 and later), and
// Chrome tabs running asyncio under JSPI crash now and then (pyodide/pyodide#5702, #5705, #6106).
// The page yields with asyncio between chunks of rows and never needs to block on a promise (the one
// thing JSPI adds), so without it nothing is lost, and measured here each asyncio step costs half.
for (const name of ["Suspending", "Suspender", "promising"]) delete WebAssembly[name];
