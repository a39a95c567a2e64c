using Hello;

var app = HelloApp.Create(args);
app.Run();
