// Baseline of the task-list scale bench: fetch the list and print it with JSON.stringify.
const response = await fetch(Deno.args[0]);
console.log(JSON.stringify(await response.json()));
